#pragma once

#include <QDeadlineTimer>
#include <QMutex>
#include <QtCore/qtsan_impl.h>
#include <QWaitCondition>

// QWaitCondition::wait() unlocks and relocks the mutex inside QtCore, where ThreadSanitizer cannot
// see it (QMutex is only annotated in Qt's headers, i.e. in our code). Telling TSan about that
// unlock and relock keeps its picture of the mutex true, so the tsan preset reports real races
// only. In every other build this is exactly condition.wait(&mutex, deadline).
inline bool waitOn(QWaitCondition &condition, QMutex &mutex,
                   QDeadlineTimer deadline = QDeadlineTimer(QDeadlineTimer::Forever))
{
    QtTsan::mutexPreUnlock(&mutex, 0);
    QtTsan::mutexPostUnlock(&mutex, 0);
    const bool woken = condition.wait(&mutex, deadline);
    QtTsan::mutexPreLock(&mutex, 0);
    QtTsan::mutexPostLock(&mutex, 0, 0);
    return woken;
}
